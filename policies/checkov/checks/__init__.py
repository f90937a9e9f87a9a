"""campus's custom checkov checks for Kubernetes manifests (loaded with `--external-checks-dir`)."""
