---@meta
-- The values of the flagsmith chart 0.81.0, from its defaults (generated: fsgen meta --chart flagsmith).

---@class flagsmith.Values
---@field UsePostgresForAnalytics? flagsmith.Values.UsePostgresForAnalytics
---@field _destructiveTests? flagsmith.Values._destructiveTests
---@field api? flagsmith.Values.api
---@field common? flagsmith.Values.common
---@field databaseExternal? flagsmith.Values.databaseExternal
---@field devPostgresql? flagsmith.Values.devPostgresql
---@field extraObjects? any[]
---@field frontend? flagsmith.Values.frontend
---@field fullnameOverride? any
---@field gateway? flagsmith.Values.gateway
---@field global? flagsmith.Values.global
---@field graphite? flagsmith.Values.graphite
---@field hpa? flagsmith.Values.hpa
---@field influxdb? flagsmith.Values.influxdb
---@field influxdbExternal? flagsmith.Values.influxdbExternal
---@field ingress? flagsmith.Values.ingress
---@field jobs? flagsmith.Values.jobs
---@field nameOverride? any
---@field namespaceOverride? any
---@field openshift? any
---@field pdb? flagsmith.Values.pdb
---@field pgbouncer? flagsmith.Values.pgbouncer
---@field postgresql? flagsmith.Values.postgresql
---@field prometheus? flagsmith.Values.prometheus
---@field service? flagsmith.Values.service
---@field serviceMonitor? flagsmith.Values.serviceMonitor
---@field sse? flagsmith.Values.sse
---@field taskProcessor? flagsmith.Values.taskProcessor
---@field tests? flagsmith.Values.tests

---@class flagsmith.Values.UsePostgresForAnalytics
---@field enabled? boolean # default: false

---@class flagsmith.Values._destructiveTests
---@field e2e? flagsmith.Values._destructiveTests.e2e
---@field enabled? boolean # default: false
---@field testToken? string # default: "test-e2e-token"

---@class flagsmith.Values._destructiveTests.e2e
---@field enabled? boolean # default: true
---@field image? flagsmith.Values._destructiveTests.e2e.image
---@field resources? table<string, any>

---@class flagsmith.Values._destructiveTests.e2e.image
---@field imagePullPolicy? string # default: "IfNotPresent"
---@field repository? string # default: "flagsmith/flagsmith-e2e-tests"
---@field tag? any

---@class flagsmith.Values.api
---@field affinity? table<string, any>
---@field args? any[]
---@field bootstrap? flagsmith.Values.api.bootstrap
---@field command? any[]
---@field dbWaiter? flagsmith.Values.api.dbWaiter
---@field defaultPodSecurityContext? table<string, any>
---@field deploymentStrategy? any
---@field enableMigrateAndServe? boolean # default: false
---@field enableMigrateDbInitContainer? boolean # default: true
---@field extraContainers? any
---@field extraEnv? table<string, any>
---@field extraEnvFromSecret? table<string, any>
---@field extraInitContainers? any[]
---@field extraSpec? table<string, any>
---@field extraVolumes? any[]
---@field image? flagsmith.Values.api.image
---@field lifecycle? table<string, any>
---@field livenessProbe? flagsmith.Values.api.livenessProbe
---@field logging? flagsmith.Values.api.logging
---@field nodeSelector? table<string, any>
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field readinessProbe? flagsmith.Values.api.readinessProbe
---@field replicacount? integer # default: 1
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field schedulerName? any
---@field secretKey? any
---@field secretKeyFromExistingSecret? flagsmith.Values.api.secretKeyFromExistingSecret
---@field separateApiAndFrontend? boolean # default: true
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field statsd? flagsmith.Values.api.statsd
---@field terminationGracePeriodSeconds? any
---@field tolerations? any[]
---@field volumeMounts? any[]

---@class flagsmith.Values.api.bootstrap
---@field adminEmail? any
---@field enabled? boolean # default: false
---@field extraSpec? table<string, any>
---@field organisationName? any
---@field projectName? any

---@class flagsmith.Values.api.dbWaiter
---@field enabled? boolean # default: false
---@field image? flagsmith.Values.api.dbWaiter.image
---@field timeoutSeconds? integer # default: 30

---@class flagsmith.Values.api.dbWaiter.image
---@field imagePullPolicy? string # default: "IfNotPresent"
---@field repository? string # default: "willwill/wait-for-it"
---@field tag? string # default: "latest"

---@class flagsmith.Values.api.image
---@field imagePullPolicy? string # default: ""
---@field imagePullSecrets? any[]
---@field repository? string # default: "docker.flagsmith.com/flagsmith/flagsmith-api"
---@field tag? string # default: ""

---@class flagsmith.Values.api.livenessProbe
---@field exec? table<string, any>
---@field failureThreshold? integer # default: 5
---@field initialDelaySeconds? integer # default: 5
---@field path? string # default: "/health/liveness/"
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.api.logging
---@field format? string # default: "generic"

---@class flagsmith.Values.api.readinessProbe
---@field exec? table<string, any>
---@field failureThreshold? integer # default: 10
---@field initialDelaySeconds? integer # default: 1
---@field path? string # default: "/health/readiness/"
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.api.secretKeyFromExistingSecret
---@field enabled? boolean # default: false
---@field key? string # default: ""
---@field name? string # default: ""

---@class flagsmith.Values.api.statsd
---@field enabled? boolean # default: false
---@field host? any
---@field hostFromNodeIp? boolean # default: false
---@field port? integer # default: 8125
---@field prefix? string # default: "flagsmith.api"

---@class flagsmith.Values.common
---@field annotations? table<string, any>
---@field labels? table<string, any>

---@class flagsmith.Values.databaseExternal
---@field database? any
---@field enabled? boolean # default: false
---@field host? any
---@field password? any
---@field port? integer # default: 5432
---@field type? string # default: "postgres"
---@field url? any
---@field urlFromExistingSecret? flagsmith.Values.databaseExternal.urlFromExistingSecret
---@field username? any

---@class flagsmith.Values.databaseExternal.urlFromExistingSecret
---@field enabled? boolean # default: false
---@field key? any
---@field name? any

---@class flagsmith.Values.devPostgresql
---@field auth? flagsmith.Values.devPostgresql.auth
---@field enabled? boolean # default: true
---@field fullnameOverride? any
---@field image? flagsmith.Values.devPostgresql.image
---@field nameOverride? string # default: "dev-postgresql"
---@field primary? flagsmith.Values.devPostgresql.primary
---@field serviceAccount? flagsmith.Values.devPostgresql.serviceAccount

---@class flagsmith.Values.devPostgresql.auth
---@field database? string # default: "flagsmith"
---@field password? string # default: ""
---@field postgresPassword? string # default: "flagsmith"
---@field username? string # default: ""

---@class flagsmith.Values.devPostgresql.image
---@field pullPolicy? string # default: "IfNotPresent"
---@field pullSecrets? any[]
---@field registry? string # default: "docker.io"
---@field repository? string # default: "bitnamilegacy/postgresql"
---@field tag? string # default: "15.3.0-debian-11-r7"

---@class flagsmith.Values.devPostgresql.primary
---@field affinity? table<string, any>
---@field containerSecurityContext? table<string, any>
---@field extendedConfiguration? string # default: ""
---@field nodeSelector? table<string, any>
---@field persistence? flagsmith.Values.devPostgresql.primary.persistence
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field resources? table<string, any>
---@field tolerations? any[]

---@class flagsmith.Values.devPostgresql.primary.persistence
---@field accessModes? string[]
---@field enabled? boolean # default: true
---@field existingClaim? string # default: ""
---@field size? string # default: "8Gi"
---@field storageClass? string # default: ""

---@class flagsmith.Values.devPostgresql.serviceAccount
---@field create? boolean # default: true
---@field name? any

---@class flagsmith.Values.frontend
---@field affinity? table<string, any>
---@field apiProxy? flagsmith.Values.frontend.apiProxy
---@field defaultPodSecurityContext? table<string, any>
---@field deploymentStrategy? any
---@field enabled? boolean # default: true
---@field extraContainers? any
---@field extraEnv? table<string, any>
---@field extraEnvFromSecret? table<string, any>
---@field extraInitContainers? any[]
---@field extraSpec? table<string, any>
---@field extraVolumes? any[]
---@field image? flagsmith.Values.frontend.image
---@field lifecycle? table<string, any>
---@field livenessProbe? flagsmith.Values.frontend.livenessProbe
---@field nodeSelector? table<string, any>
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field readinessProbe? flagsmith.Values.frontend.readinessProbe
---@field replicacount? integer # default: 1
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field schedulerName? any
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field terminationGracePeriodSeconds? any
---@field tolerations? any[]
---@field volumeMounts? any[]

---@class flagsmith.Values.frontend.apiProxy
---@field enabled? boolean # default: true

---@class flagsmith.Values.frontend.image
---@field imagePullPolicy? string # default: ""
---@field imagePullSecrets? any[]
---@field repository? string # default: "docker.flagsmith.com/flagsmith/flagsmith-frontend"
---@field tag? string # default: ""

---@class flagsmith.Values.frontend.livenessProbe
---@field failureThreshold? integer # default: 20
---@field initialDelaySeconds? integer # default: 20
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 10

---@class flagsmith.Values.frontend.readinessProbe
---@field failureThreshold? integer # default: 20
---@field initialDelaySeconds? integer # default: 20
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 10

---@class flagsmith.Values.gateway
---@field annotations? table<string, any>
---@field api? flagsmith.Values.gateway.api
---@field frontend? flagsmith.Values.gateway.frontend
---@field sse? flagsmith.Values.gateway.sse

---@class flagsmith.Values.gateway.api
---@field enabled? boolean # default: false
---@field hostnames? any[]
---@field parentRefs? any[]
---@field rules? any[]

---@class flagsmith.Values.gateway.frontend
---@field enabled? boolean # default: false
---@field hostnames? any[]
---@field parentRefs? any[]
---@field rules? any[]

---@class flagsmith.Values.gateway.sse
---@field enabled? boolean # default: false
---@field hostnames? any[]
---@field parentRefs? any[]
---@field rules? any[]

---@class flagsmith.Values.global
---@field image? flagsmith.Values.global.image

---@class flagsmith.Values.global.image
---@field imagePullPolicy? string # default: "IfNotPresent"
---@field imagePullSecrets? any[]

---@class flagsmith.Values.graphite
---@field affinity? table<string, any>
---@field autoSetStatsdHostEnvVar? boolean # default: true
---@field enabled? boolean # default: false
---@field env? any
---@field fullnameOverride? any
---@field image? flagsmith.Values.graphite.image
---@field nameOverride? string # default: "flagsmith-graphite"
---@field nodeSelector? table<string, any>
---@field persistence? flagsmith.Values.graphite.persistence
---@field resources? table<string, any>
---@field service? flagsmith.Values.graphite.service
---@field statsd? flagsmith.Values.graphite.statsd
---@field timeZone? string # default: "Etc/UTC"
---@field tolerations? any[]

---@class flagsmith.Values.graphite.image
---@field pullPolicy? string # default: "IfNotPresent"
---@field repository? string # default: "graphiteapp/graphite-statsd"
---@field tag? string # default: "1.1.7-6"

---@class flagsmith.Values.graphite.persistence
---@field accessMode? string # default: "ReadWriteOnce"
---@field enabled? boolean # default: true
---@field existingClaim? any
---@field size? string # default: "10Gi"
---@field storageClass? any

---@class flagsmith.Values.graphite.service
---@field annotations? table<string, any>
---@field labels? table<string, any>
---@field port? integer # default: 8080
---@field type? string # default: "ClusterIP"

---@class flagsmith.Values.graphite.statsd
---@field interface? string # default: "UDP"

---@class flagsmith.Values.hpa
---@field api? flagsmith.Values.hpa.api
---@field frontend? flagsmith.Values.hpa.frontend
---@field pgbouncer? flagsmith.Values.hpa.pgbouncer
---@field sse? flagsmith.Values.hpa.sse
---@field taskProcessor? flagsmith.Values.hpa.taskProcessor

---@class flagsmith.Values.hpa.api
---@field enabled? boolean # default: false
---@field maxReplicas? integer # default: 10
---@field minReplicas? integer # default: 2
---@field targetCPUUtilization? integer # default: 50

---@class flagsmith.Values.hpa.frontend
---@field enabled? boolean # default: false
---@field maxReplicas? integer # default: 10
---@field minReplicas? integer # default: 2
---@field targetCPUUtilization? integer # default: 50

---@class flagsmith.Values.hpa.pgbouncer
---@field enabled? boolean # default: false
---@field maxReplicas? integer # default: 10
---@field minReplicas? integer # default: 2
---@field targetCPUUtilization? integer # default: 50

---@class flagsmith.Values.hpa.sse
---@field enabled? boolean # default: true
---@field maxReplicas? integer # default: 5
---@field minReplicas? integer # default: 1
---@field targetCPUUtilization? integer # default: 50

---@class flagsmith.Values.hpa.taskProcessor
---@field enabled? boolean # default: false
---@field maxReplicas? integer # default: 10
---@field minReplicas? integer # default: 2
---@field targetCPUUtilization? integer # default: 50

---@class flagsmith.Values.influxdb
---@field adminUser? flagsmith.Values.influxdb.adminUser
---@field affinity? table<string, any>
---@field enabled? boolean # default: false
---@field fullnameOverride? any
---@field image? flagsmith.Values.influxdb.image
---@field nameOverride? string # default: "influxdb"
---@field nodeSelector? table<string, any>
---@field persistence? flagsmith.Values.influxdb.persistence
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field tolerations? any[]

---@class flagsmith.Values.influxdb.adminUser
---@field bucket? string # default: "default"
---@field organization? string # default: "influxdata"
---@field password? any
---@field token? any
---@field user? string # default: "admin"

---@class flagsmith.Values.influxdb.image
---@field imagePullPolicy? string # default: "IfNotPresent"
---@field imagePullSecrets? any[]
---@field repository? string # default: "quay.io/influxdb/influxdb"
---@field tag? string # default: "v2.0.2"

---@class flagsmith.Values.influxdb.persistence
---@field accessMode? string # default: "ReadWriteOnce"
---@field enabled? boolean # default: false
---@field name? any
---@field size? string # default: "50Gi"
---@field storageClass? any
---@field useExisting? boolean # default: false

---@class flagsmith.Values.influxdbExternal
---@field bucket? any
---@field enabled? boolean # default: false
---@field organization? any
---@field token? any
---@field tokenFromExistingSecret? flagsmith.Values.influxdbExternal.tokenFromExistingSecret
---@field url? any

---@class flagsmith.Values.influxdbExternal.tokenFromExistingSecret
---@field enabled? boolean # default: false
---@field key? any
---@field name? any

---@class flagsmith.Values.ingress
---@field api? flagsmith.Values.ingress.api
---@field frontend? flagsmith.Values.ingress.frontend
---@field sse? flagsmith.Values.ingress.sse

---@class flagsmith.Values.ingress.api
---@field annotations? table<string, any>
---@field enabled? boolean # default: false
---@field hosts? any[]
---@field ingressClassName? any
---@field tls? any[]

---@class flagsmith.Values.ingress.frontend
---@field annotations? table<string, any>
---@field enabled? boolean # default: false
---@field hosts? string[]
---@field ingressClassName? any
---@field tls? any[]

---@class flagsmith.Values.ingress.sse
---@field annotations? table<string, any>
---@field enabled? boolean # default: false
---@field hosts? any[]
---@field ingressClassName? any
---@field tls? any[]

---@class flagsmith.Values.jobs
---@field migrateAnalyticsData? flagsmith.Values.jobs.migrateAnalyticsData
---@field migrateDb? flagsmith.Values.jobs.migrateDb

---@class flagsmith.Values.jobs.migrateAnalyticsData
---@field args? any[]
---@field enabled? boolean # default: false
---@field extraContainers? any
---@field extraVolumes? any[]

---@class flagsmith.Values.jobs.migrateDb
---@field affinity? table<string, any>
---@field args? any[]
---@field command? any[]
---@field databaseUrl? flagsmith.Values.jobs.migrateDb.databaseUrl
---@field defaultPodSecurityContext? table<string, any>
---@field enabled? boolean # default: false
---@field extraContainers? any
---@field extraVolumes? any[]
---@field jobAnnotations? table<string, any>
---@field nodeSelector? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field restartPolicy? string # default: "OnFailure"
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field tolerations? any[]
---@field ttlSecondsAfterFinished? integer # default: 3600

---@class flagsmith.Values.jobs.migrateDb.databaseUrl
---@field fromExistingSecret? flagsmith.Values.jobs.migrateDb.databaseUrl.fromExistingSecret

---@class flagsmith.Values.jobs.migrateDb.databaseUrl.fromExistingSecret
---@field enabled? boolean # default: false
---@field key? any
---@field name? any

---@class flagsmith.Values.pdb
---@field api? flagsmith.Values.pdb.api
---@field frontend? flagsmith.Values.pdb.frontend
---@field pgbouncer? flagsmith.Values.pdb.pgbouncer
---@field sse? flagsmith.Values.pdb.sse
---@field taskProcessor? flagsmith.Values.pdb.taskProcessor

---@class flagsmith.Values.pdb.api
---@field enabled? boolean # default: false
---@field maxUnavailable? any
---@field minAvailable? integer # default: 1
---@field unhealthyPodEvictionPolicy? any

---@class flagsmith.Values.pdb.frontend
---@field enabled? boolean # default: false
---@field maxUnavailable? any
---@field minAvailable? integer # default: 1
---@field unhealthyPodEvictionPolicy? any

---@class flagsmith.Values.pdb.pgbouncer
---@field enabled? boolean # default: false
---@field maxUnavailable? any
---@field minAvailable? integer # default: 1
---@field unhealthyPodEvictionPolicy? any

---@class flagsmith.Values.pdb.sse
---@field enabled? boolean # default: false
---@field maxUnavailable? any
---@field minAvailable? integer # default: 1
---@field unhealthyPodEvictionPolicy? any

---@class flagsmith.Values.pdb.taskProcessor
---@field enabled? boolean # default: false
---@field maxUnavailable? any
---@field minAvailable? integer # default: 1
---@field unhealthyPodEvictionPolicy? any

---@class flagsmith.Values.pgbouncer
---@field affinity? table<string, any>
---@field credentialsFromExistingSecret? flagsmith.Values.pgbouncer.credentialsFromExistingSecret
---@field defaultPodSecurityContext? table<string, any>
---@field defaultSecurityContext? table<string, any>
---@field deploymentStrategy? any
---@field enabled? boolean # default: false
---@field extraContainers? any
---@field extraEnv? table<string, any>
---@field extraInitContainers? any[]
---@field extraVolumes? any[]
---@field image? flagsmith.Values.pgbouncer.image
---@field lifecycle? table<string, any>
---@field livenessProbe? flagsmith.Values.pgbouncer.livenessProbe
---@field nodeSelector? table<string, any>
---@field passwordOverride? string # default: ""
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field readinessProbe? flagsmith.Values.pgbouncer.readinessProbe
---@field replicaCount? integer # default: 1
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field schedulerName? any
---@field securityContext? table<string, any>
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field terminationGracePeriodSeconds? any
---@field tolerations? any[]
---@field volumeMounts? any[]

---@class flagsmith.Values.pgbouncer.credentialsFromExistingSecret
---@field enabled? boolean # default: false
---@field name? string # default: ""

---@class flagsmith.Values.pgbouncer.image
---@field imagePullPolicy? string # default: ""
---@field imagePullSecrets? any[]
---@field repository? string # default: "bitnamilegacy/pgbouncer"
---@field tag? string # default: "1.16.0"

---@class flagsmith.Values.pgbouncer.livenessProbe
---@field failureThreshold? integer # default: 5
---@field initialDelaySeconds? integer # default: 5
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.pgbouncer.readinessProbe
---@field failureThreshold? integer # default: 10
---@field initialDelaySeconds? integer # default: 1
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.postgresql
---@field enabled? any
---@field postgresqlConfiguration? table<string, any>
---@field postgresqlDatabase? any
---@field postgresqlPassword? any
---@field postgresqlUsername? any
---@field serviceAccount? flagsmith.Values.postgresql.serviceAccount

---@class flagsmith.Values.postgresql.serviceAccount
---@field enabled? any

---@class flagsmith.Values.prometheus
---@field enabled? boolean # default: true
---@field port? integer # default: 9100

---@class flagsmith.Values.service
---@field api? flagsmith.Values.service.api
---@field frontend? flagsmith.Values.service.frontend
---@field influxdb? flagsmith.Values.service.influxdb
---@field sse? flagsmith.Values.service.sse
---@field taskProcessor? flagsmith.Values.service.taskProcessor

---@class flagsmith.Values.service.api
---@field annotations? table<string, any>
---@field port? integer # default: 8000
---@field type? string # default: "ClusterIP"

---@class flagsmith.Values.service.frontend
---@field annotations? table<string, any>
---@field port? integer # default: 8080
---@field type? string # default: "ClusterIP"

---@class flagsmith.Values.service.influxdb
---@field externalPort? integer # default: 8080

---@class flagsmith.Values.service.sse
---@field annotations? table<string, any>
---@field port? integer # default: 8000
---@field type? string # default: "ClusterIP"

---@class flagsmith.Values.service.taskProcessor
---@field annotations? table<string, any>
---@field port? integer # default: 8000
---@field type? string # default: "ClusterIP"

---@class flagsmith.Values.serviceMonitor
---@field annotations? table<string, any>
---@field enabled? boolean # default: false
---@field honorLabels? boolean # default: true
---@field interval? string # default: "15s"
---@field jobLabel? string # default: ""
---@field labels? any
---@field metricRelabelings? any[]
---@field path? string # default: "/metrics/"
---@field relabelings? any[]
---@field scheme? string # default: ""
---@field scrapeTimeout? string # default: "10s"
---@field targetLabels? any[]
---@field tlsConfig? table<string, any>

---@class flagsmith.Values.sse
---@field affinity? table<string, any>
---@field authenticationTokenFromExistingSecret? flagsmith.Values.sse.authenticationTokenFromExistingSecret
---@field defaultPodSecurityContext? table<string, any>
---@field deploymentStrategy? any
---@field enabled? boolean # default: false
---@field extraContainers? any
---@field extraEnv? table<string, any>
---@field extraEnvFromSecret? table<string, any>
---@field extraInitContainers? any[]
---@field extraSpec? table<string, any>
---@field extraVolumes? any[]
---@field image? flagsmith.Values.sse.image
---@field lifecycle? table<string, any>
---@field livenessProbe? flagsmith.Values.sse.livenessProbe
---@field nodeSelector? table<string, any>
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field readinessProbe? flagsmith.Values.sse.readinessProbe
---@field replicaCount? integer # default: 1
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field schedulerName? any
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field terminationGracePeriodSeconds? any
---@field tolerations? any[]
---@field volumeMounts? any[]

---@class flagsmith.Values.sse.authenticationTokenFromExistingSecret
---@field enabled? boolean # default: false
---@field key? string # default: ""
---@field name? string # default: ""

---@class flagsmith.Values.sse.image
---@field imagePullPolicy? string # default: ""
---@field imagePullSecrets? any[]
---@field repository? string # default: "flagsmith/sse"
---@field tag? string # default: "3.6.0"

---@class flagsmith.Values.sse.livenessProbe
---@field failureThreshold? integer # default: 5
---@field initialDelaySeconds? integer # default: 5
---@field path? string # default: "/health/liveness/"
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.sse.readinessProbe
---@field failureThreshold? integer # default: 10
---@field initialDelaySeconds? integer # default: 1
---@field path? string # default: "/health/readiness/"
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 2

---@class flagsmith.Values.taskProcessor
---@field affinity? table<string, any>
---@field args? any[]
---@field command? any[]
---@field defaultPodSecurityContext? table<string, any>
---@field deploymentStrategy? any
---@field enabled? boolean # default: false
---@field extraContainers? any
---@field extraEnv? table<string, any>
---@field extraInitContainers? any[]
---@field extraSpec? table<string, any>
---@field extraVolumes? any[]
---@field gracePeriodMs? any
---@field image? flagsmith.Values.taskProcessor.image
---@field lifecycle? table<string, any>
---@field livenessProbe? flagsmith.Values.taskProcessor.livenessProbe
---@field nodeSelector? table<string, any>
---@field numThreads? any
---@field podAnnotations? table<string, any>
---@field podLabels? table<string, any>
---@field podSecurityContext? table<string, any>
---@field queuePopSize? any
---@field readinessProbe? flagsmith.Values.taskProcessor.readinessProbe
---@field replicacount? integer # default: 1
---@field resources? table<string, any>
---@field resourcesPreset? string # default: "none"
---@field schedulerName? any
---@field serviceAccountName? any
---@field shareProcessNamespace? boolean # default: false
---@field sleepIntervalMs? any
---@field terminationGracePeriodSeconds? any
---@field tolerations? any[]
---@field volumeMounts? any[]

---@class flagsmith.Values.taskProcessor.image
---@field imagePullPolicy? string # default: ""
---@field imagePullSecrets? any[]
---@field repository? string # default: ""
---@field tag? string # default: ""

---@class flagsmith.Values.taskProcessor.livenessProbe
---@field exec? table<string, any>
---@field failureThreshold? integer # default: 5
---@field initialDelaySeconds? integer # default: 5
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 30

---@class flagsmith.Values.taskProcessor.readinessProbe
---@field exec? table<string, any>
---@field failureThreshold? integer # default: 10
---@field initialDelaySeconds? integer # default: 1
---@field periodSeconds? integer # default: 10
---@field successThreshold? integer # default: 1
---@field timeoutSeconds? integer # default: 30

---@class flagsmith.Values.tests
---@field api? flagsmith.Values.tests.api
---@field enabled? boolean # default: false
---@field frontend? flagsmith.Values.tests.frontend

---@class flagsmith.Values.tests.api
---@field enabled? boolean # default: true
---@field maxTime? integer # default: 10
---@field printResponseBody? boolean # default: false

---@class flagsmith.Values.tests.frontend
---@field enabled? boolean # default: true
---@field maxTime? integer # default: 10
---@field printResponseBody? boolean # default: false

---@class flagsmith.Overlay: fsgen.Overlay
---@field values? flagsmith.Values|fun(values: flagsmith.Values): flagsmith.Values
