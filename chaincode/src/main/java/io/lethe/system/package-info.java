/** Chaincode-wide contracts: version info and governance entry points. */
package io.lethe.system;
