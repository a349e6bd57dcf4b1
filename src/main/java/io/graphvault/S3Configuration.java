package io.graphvault;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;

/** The S3 side of GraphVault: client, offsite store and replication beans. */
@Configuration
public class S3Configuration implements CamelConfiguration {
}
