/** REST view of the steps the executor performed, under /api/v1/steps. */
package dev.upgradeledger.executor.runner.web;
