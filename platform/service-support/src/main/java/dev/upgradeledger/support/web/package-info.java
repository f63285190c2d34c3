/** RFC 9457 problem details with stable types for every error a service answers. */
package dev.upgradeledger.support.web;
