/** Which cluster manages each discovery group (Replicante live move): its read model and query API. */
package dev.upgradeledger.projection.groups;
