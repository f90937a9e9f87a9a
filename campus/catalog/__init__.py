"""Platform catalogs read from data files: the Kafka topic catalog and the application services' contracts."""
