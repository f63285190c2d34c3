/** Diagnosis of an upgrade: what failed, where, after what, how long each step took, and the states around it. */
package dev.upgradeledger.projection.diagnosis;
