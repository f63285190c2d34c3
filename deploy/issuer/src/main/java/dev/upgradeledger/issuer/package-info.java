/** The local stack's OpenID issuer: Spring Authorization Server with a few clients carrying ledger grants. */
package dev.upgradeledger.issuer;
