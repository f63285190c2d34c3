/**
 * The SRE console: static pages under {@code /console/} (plain HTML, CSS and JavaScript modules, no build step) that
 * read this service's query API and live stream and send operator commands to command-api with the user's token.
 */
package dev.upgradeledger.projection.console;
