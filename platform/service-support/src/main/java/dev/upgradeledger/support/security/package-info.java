/** Who may do what: every service is an OAuth2 resource server, and its rules grant roles per cluster and product. */
package dev.upgradeledger.support.security;
