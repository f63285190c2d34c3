/** What every service's OpenAPI document says the same way: title and version, problem answers, summaries, headers. */
package dev.upgradeledger.support.apidocs;
