"""Kubernetes checks: admission rules (Rego for Gatekeeper and in-process) and strict schema validation."""
