// overlays/prod.lua as a cdk8s chart: the production Flagsmith deployment
// (external database and secrets, TLS ingresses, HPA, PDB), with the same
// knobs an environment overlay turns: release name, namespace, host and the
// autoscaling bounds.
const { ApiObject, Chart } = require('cdk8s');

const CHART = 'flagsmith-0.81.0';
const APP_VERSION = '2.227.0';
const IMAGE = 'docker.flagsmith.com/flagsmith';

class FlagsmithProd extends Chart {
  constructor(scope, id, props) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    const release = props.release;
    // Helm's fullname: the release name alone when it already holds the chart's.
    const fullname = release.includes('flagsmith') ? release : `${release}-flagsmith`;
    const host = props.host;
    const selector = (component) => ({
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/instance': release,
      'app.kubernetes.io/name': 'flagsmith',
    });
    const labels = (component) => ({
      ...selector(component),
      'app.kubernetes.io/managed-by': 'fsgen',
      'app.kubernetes.io/version': APP_VERSION,
      'helm.sh/chart': CHART,
    });
    const object = (apiVersion, kind, name, component, spec) =>
      new ApiObject(this, `${kind}-${name}`, {
        apiVersion, kind, metadata: { name, labels: labels(component) }, spec,
      });

    const api = { name: `${fullname}-api`, port: 8000 };
    const frontend = { name: `${fullname}-frontend`, port: 8080 };
    const tls = [{ hosts: [host], secretName: 'flagsmith-tls' }];

    for (const component of ['api', 'frontend']) {
      object('policy/v1', 'PodDisruptionBudget', `${fullname}-${component}-pdb`, component, {
        minAvailable: 1, selector: { matchLabels: selector(component) },
      });
    }

    object('v1', 'Service', api.name, 'api', {
      ports: [
        { name: 'http', port: api.port, protocol: 'TCP', targetPort: api.port },
        { name: 'prom', port: 9100, protocol: 'TCP', targetPort: 9100 },
      ],
      selector: selector('api'),
      type: 'ClusterIP',
    });
    object('v1', 'Service', frontend.name, 'frontend', {
      ports: [{ name: 'http', port: frontend.port, protocol: 'TCP', targetPort: frontend.port }],
      selector: selector('frontend'),
      type: 'ClusterIP',
    });

    const httpProbe = (path, port, timing) => ({
      httpGet: { path, port, scheme: 'HTTP' }, successThreshold: 1, periodSeconds: 10, ...timing,
    });
    const frontendProbe = httpProbe('/health', frontend.port,
      { failureThreshold: 20, initialDelaySeconds: 20, timeoutSeconds: 10 });
    object('apps/v1', 'Deployment', fullname, 'frontend', {
      selector: { matchLabels: selector('frontend') },
      template: {
        metadata: { labels: selector('frontend') },
        spec: {
          containers: [{
            name: 'flagsmith-frontend',
            image: `${IMAGE}/flagsmith-frontend:${APP_VERSION}`,
            imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'ASSET_URL', value: '/' },
              { name: 'FLAGSMITH_API_URL', value: `https://${host}/api/v1/` },
            ],
            ports: [{ containerPort: frontend.port }],
            livenessProbe: frontendProbe,
            readinessProbe: frontendProbe,
            resources: {
              limits: { cpu: '500m', memory: '1Gi' },
              requests: { cpu: '250m', memory: '512Mi' },
            },
          }],
        },
      },
    });

    const secret = (name, key, secretName) => ({ name, valueFrom: { secretKeyRef: { key, name: secretName } } });
    const apiEnv = [
      { name: 'PROMETHEUS_ENABLED', value: 'true' },
      secret('DATABASE_URL', 'DATABASE_URL', 'flagsmith-database'),
      secret('DJANGO_SECRET_KEY', 'django-secret-key', 'flagsmith-django'),
      { name: 'DISABLE_ANALYTICS_FEATURES', value: 'true' },
      { name: 'DJANGO_ALLOWED_HOSTS', value: '*' },
      { name: 'ENABLE_ADMIN_ACCESS_USER_PASS', value: 'true' },
      { name: 'LOG_FORMAT', value: 'generic' },
    ];
    const apiImage = `${IMAGE}/flagsmith-api:${APP_VERSION}`;
    object('apps/v1', 'Deployment', api.name, 'api', {
      selector: { matchLabels: selector('api') },
      template: {
        metadata: { labels: selector('api') },
        spec: {
          containers: [{
            name: 'flagsmith-api',
            image: apiImage,
            imagePullPolicy: 'IfNotPresent',
            args: ['serve'],
            env: apiEnv,
            ports: [{ containerPort: api.port }],
            livenessProbe: httpProbe('/health/liveness/', api.port,
              { failureThreshold: 5, initialDelaySeconds: 5, timeoutSeconds: 2 }),
            readinessProbe: httpProbe('/health/readiness/', api.port,
              { failureThreshold: 10, initialDelaySeconds: 1, timeoutSeconds: 2 }),
            resources: {
              limits: { cpu: '1', memory: '2Gi' },
              requests: { cpu: '500m', memory: '1Gi' },
            },
          }],
          initContainers: [{
            name: 'migrate-db', image: apiImage, imagePullPolicy: 'IfNotPresent', args: ['migrate'], env: apiEnv,
          }],
        },
      },
    });

    const scaleTargets = { api: api.name, frontend: fullname };
    for (const [component, bounds] of [['api', props.api], ['frontend', props.frontend]]) {
      object('autoscaling/v2', 'HorizontalPodAutoscaler', `${fullname}-${component}-hpa`, component, {
        minReplicas: bounds.minReplicas,
        maxReplicas: bounds.maxReplicas,
        metrics: [{
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        }],
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: scaleTargets[component] },
      });
    }

    const backend = (service, path) => ({
      path, pathType: 'Prefix', backend: { service: { name: service.name, port: { number: service.port } } },
    });
    object('networking.k8s.io/v1', 'Ingress', api.name, 'api', {
      rules: [{
        host,
        http: { paths: ['/api/', '/health/', '/admin/', '/static/admin/'].map((p) => backend(api, p)) },
      }],
      tls,
    });
    object('networking.k8s.io/v1', 'Ingress', frontend.name, 'frontend', {
      rules: [{ host, http: { paths: [backend(frontend, '/')] } }],
      tls,
    });
  }
}

// The production environment of overlays/prod.lua.
const PROD = {
  name: 'prod',
  release: 'flagsmith',
  namespace: 'flagsmith',
  host: 'flagsmith.example.com',
  api: { minReplicas: 2, maxReplicas: 10 },
  frontend: { minReplicas: 2, maxReplicas: 4 },
};

module.exports = { FlagsmithProd, PROD };
