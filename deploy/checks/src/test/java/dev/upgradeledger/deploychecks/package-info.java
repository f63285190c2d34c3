/** Tests of deploy/: alert rules, dashboard, compose file and Kubernetes manifests. */
package dev.upgradeledger.deploychecks;
