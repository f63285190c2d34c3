/** Time travel: a cluster's state as of a sequence or an instant, rebuilt by folding its recorded events. */
package dev.upgradeledger.projection.timetravel;
