package com.containermanager.container;

/** The container contract ({@link ContainerContract}) on the Docker engine: {@code runtime.kind: docker}. */
class ContainerContractIT extends ContainerContract {}
