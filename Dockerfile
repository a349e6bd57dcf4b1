# GraphVault `serve` on a Java 17 JRE. Build the jar first: mvn -B -DskipTests package -pl graphvault
# (graphvault/target/graphvault.jar, the product only: the demo, with its embedded Neo4j and S3, is
# demo/target/graphvault-demo.jar and stays out of the image)
FROM eclipse-temurin:17-jre
# curl for the compose health check
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/graphvault graphvault \
    && mkdir -p /var/lib/graphvault/backups /var/lib/graphvault/inbox \
    && chown -R graphvault /var/lib/graphvault
COPY graphvault/target/graphvault.jar /opt/graphvault/graphvault.jar
USER graphvault
# the health endpoint listens on every interface of the container, so that a published port reaches it
# (outside a container it listens on 127.0.0.1 unless SERVER_HOST says otherwise)
ENV SERVER_HOST=0.0.0.0
WORKDIR /var/lib/graphvault
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx512m", "-jar", "/opt/graphvault/graphvault.jar"]
CMD ["serve"]
