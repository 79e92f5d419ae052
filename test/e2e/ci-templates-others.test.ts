// The generated GitLab job and Azure pipeline, and the pinned ehcp, run as a fresh runner
// runs them (ci-templates.suite.ts).
import { defineCiTemplateTests } from './ci-templates.suite.js';

defineCiTemplateTests(['gitlab', 'azure', 'pinned']);
