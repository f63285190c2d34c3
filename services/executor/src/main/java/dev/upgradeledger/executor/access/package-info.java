/** Who may read the executor's state, and who may inject faults into the simulated fleet (where it exists). */
package dev.upgradeledger.executor.access;
