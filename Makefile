# BetterDB entitlement operator. `make dev` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
IMAGE ?= betterdb/entitlement:dev
KIND_CLUSTER ?= betterdb

.PHONY: help install dev test test-unit test-integration lint crds crds-check cluster-up \
        cluster-down binaries e2e-kind bench clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## create .venv with the project and its dev extras

binaries: install ## obtain or build etcd/kube-*/kubectl/kwok (cached by version)
	bash hack/k8s-binaries.sh

dev: install binaries ## control plane + PostgreSQL + CRDs + operator + sidecar, in the foreground
	$(PY) -m entitlement.devenv dev

test: install binaries ## the whole suite (unit + integration); starts and stops its own services
	$(PY) -m pytest

test-unit: install ## only the tests that need no services
	$(PY) -m pytest -m 'not integration'

lint: install ## ruff + mypy
	$(VENV)/bin/ruff check entitlement tests bench hack
	$(VENV)/bin/ruff format --check entitlement tests bench hack
	$(VENV)/bin/mypy

crds: install ## regenerate crds/ from entitlement/api/models.py
	$(PY) -m entitlement.api.crdgen

crds-check: install ## fail if crds/ is stale
	$(PY) -m entitlement.api.crdgen --check

cluster-up: install binaries ## start the local control plane (.cache/cluster/kubeconfig)
	$(PY) -m entitlement.devenv cluster-up

cluster-down: install ## stop the local control plane started by cluster-up
	$(PY) -m entitlement.devenv cluster-down

e2e-kind: install ## needs Docker + kind (not run by CI): build the image, load it, apply the manifests
	docker build -t $(IMAGE) .
	kind get clusters | grep -qx $(KIND_CLUSTER) || kind create cluster --name $(KIND_CLUSTER)
	kind load docker-image $(IMAGE) --name $(KIND_CLUSTER)
	kubectl --context kind-$(KIND_CLUSTER) apply --server-side -k manifests/
	kubectl --context kind-$(KIND_CLUSTER) -n betterdb-system rollout status deploy/betterdb-entitlement --timeout=180s
	kubectl --context kind-$(KIND_CLUSTER) apply -k manifests/samples/
	kubectl --context kind-$(KIND_CLUSTER) wait --for=jsonpath='{.status.observedGeneration}'=1 tenant/acme --timeout=60s

bench: install ## benchmarks under bench/
	@for f in bench/*.py; do [ -e "$$f" ] && $(PY) $$f; done; true

clean: install cluster-down ## remove caches (binaries in ~/.cache stay)
	rm -rf .cache .pytest_cache .mypy_cache .ruff_cache
