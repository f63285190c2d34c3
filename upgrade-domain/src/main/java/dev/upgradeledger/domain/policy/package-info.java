/** Version policy: which version hops a product allows, and the shortest allowed path when one is refused. */
package dev.upgradeledger.domain.policy;
