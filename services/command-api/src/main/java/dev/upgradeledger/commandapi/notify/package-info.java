/**
 * Notifications out: upgrade state changes and fleet (wave) state changes as CloudEvents over HTTP webhooks, signed, retried with back-off,
 * at-least-once through a transactional outbox.
 */
package dev.upgradeledger.commandapi.notify;
