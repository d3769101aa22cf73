package io.lethe.contracts.standin;

/** Test-only class in the contracts' package space, for the rule test that must see a violation. */
public final class ContractStandIn {}
