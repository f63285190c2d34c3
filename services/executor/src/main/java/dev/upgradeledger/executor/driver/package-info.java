/** The node driver SPI: how the executor acts on real nodes. Implementations live in one subpackage each. */
package dev.upgradeledger.executor.driver;
