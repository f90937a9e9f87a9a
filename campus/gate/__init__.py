"""`campus gate`: every analysis over the resource graphs and manifests, waivers applied, reports written."""
