/** Who caused each event and why: actor, correlation id and causation id on every message. */
package dev.upgradeledger.commandapi.audit;
