// Synthesises the production Flagsmith deployment with cdk8s.
//   node synth.js                  the prod environment, YAML on stdout
//   node synth.js ENV.json         one environment (see FlagsmithProd), on stdout
//   node synth.js --each ENVS.json DIR   a list of environments in one app, DIR/<name>.k8s.yaml
const fs = require('fs');
const { App, YamlOutputType } = require('cdk8s');
const { FlagsmithProd, PROD } = require('./flagsmith');

const args = process.argv.slice(2);
if (args[0] === '--each') {
  const app = new App({ outdir: args[2], yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const env of JSON.parse(fs.readFileSync(args[1], 'utf8'))) new FlagsmithProd(app, env.name, env);
  app.synth();
} else {
  const env = args[0] ? JSON.parse(fs.readFileSync(args[0], 'utf8')) : PROD;
  const app = new App();
  new FlagsmithProd(app, env.name, env);
  process.stdout.write(app.synthYaml());
}
