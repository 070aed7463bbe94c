// Runs one ASL definition in aws-local-stepfunctions (an independent interpreter) with every Task
// state overridden by canned responses, and prints what happened as one JSON object on stdout.
//
// stdin:  one request, or an array of requests (answered by an array, in order; one node start
//         for many scenarios):
//         {"definition": {...}, "input": any, "context": {...},
//          "tasks": {"<state name>": [response, ...]}}
//   The definition must be substituted: its Resource fields must look like ARNs.
//   response: {"result": any} | {"echo": true} | {"error": "Name", "cause": "text"}
//   A state's responses are used in order, one per attempt; the last one repeats.
// stdout: {"status": "SUCCEEDED", "output": any, "visited": [...], "calls": [...]}
//       | {"status": "FAILED", "error": "...", "cause": "...", "visited": [...], "calls": [...]}
//   visited: the top-level states entered, in order; calls: {"state", "input"} per Task attempt.
// Retry intervals and Wait states are overridden to 0 ms, so nothing sleeps.
//
// Loads aws-local-stepfunctions from $RECON_MODULE_DIR/node_modules (default: the working directory).
'use strict';
require('./promise-with-resolvers.cjs');
const path = require('path');
const moduleDir = process.env.RECON_MODULE_DIR || process.cwd();
const { StateMachine } = require(path.join(moduleDir, 'node_modules', 'aws-local-stepfunctions'));

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function taskNames(states, type) {
  return Object.entries(states).filter(([, s]) => s.Type === type).map(([name]) => name);
}

function cannedHandler(name, responses, calls) {
  let count = 0;
  return async (input) => {
    calls.push({ state: name, input: JSON.parse(JSON.stringify(input)) });
    if (!responses || responses.length === 0) {
      throw Object.assign(new Error(`no canned response for Task state ${name}`), { name: 'Harness.NoResponse' });
    }
    const r = responses[Math.min(count, responses.length - 1)];
    count += 1;
    if (r.error !== undefined) {
      const e = new Error(r.cause === undefined ? '' : r.cause);
      e.name = r.error;
      throw e;
    }
    return r.echo ? input : r.result;
  };
}

async function runOne(request) {
  const states = request.definition.States;
  const taskResourceLocalHandlers = {};
  const retryIntervalOverrides = {};
  const waitTimeOverrides = {};
  const calls = [];
  for (const name of taskNames(states, 'Task')) {
    taskResourceLocalHandlers[name] = cannedHandler(name, (request.tasks || {})[name], calls);
  }
  for (const [name, s] of Object.entries(states)) {
    if (Array.isArray(s.Retry)) retryIntervalOverrides[name] = 0;
  }
  for (const name of taskNames(states, 'Wait')) waitTimeOverrides[name] = 0;

  const machine = new StateMachine(request.definition);
  const execution = machine.run(request.input, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides, waitTimeOverrides },
    context: request.context || {},
  });
  const visited = [];
  const logging = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered' && event.index === undefined) visited.push(event.state.name);
    }
  })();
  let report;
  try {
    const output = await execution.result;
    report = { status: 'SUCCEEDED', output, visited, calls };
  } catch (e) {
    const cause = e.cause || e;
    report = { status: 'FAILED', error: cause.name, cause: cause.message, visited, calls };
  }
  await logging;
  return report;
}

async function main() {
  const request = JSON.parse(await readStdin());
  const reports = [];
  for (const r of Array.isArray(request) ? request : [request]) reports.push(await runOne(r));
  process.stdout.write(JSON.stringify(Array.isArray(request) ? reports : reports[0]));
}

main().catch((e) => {
  process.stderr.write(`harness error: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
