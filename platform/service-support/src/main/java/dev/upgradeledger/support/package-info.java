/** What every ledger service shares at run time, wired by auto-configuration. */
package dev.upgradeledger.support;
