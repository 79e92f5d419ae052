// The generated GitHub workflow, run as a fresh runner runs it (ci-templates.suite.ts).
import { defineCiTemplateTests } from './ci-templates.suite.js';

defineCiTemplateTests(['github']);
