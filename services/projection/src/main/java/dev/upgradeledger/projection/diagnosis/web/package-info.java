/** REST query of an upgrade's diagnosis under /api/v1/upgrades/{upgradeId}/diagnosis. */
package dev.upgradeledger.projection.diagnosis.web;
