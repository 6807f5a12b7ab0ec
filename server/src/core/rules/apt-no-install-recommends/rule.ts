import { commandsOf, inFinalImage } from '../../model/queries';
import type { Finding, Rule } from '../types';

export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends',
    title: 'apt-get install without --no-install-recommends',
    description: 'Without --no-install-recommends apt also installs every recommended package, often doubling a layer.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'suggestion',
    hadolint: ['DL3015'],
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const site of commandsOf(model, 'apt', inFinalImage)) {
      const apt = site.recognized;
      if (apt.action !== 'install' || apt.noInstallRecommends || apt.packages.length === 0) continue;
      const verb = site.command.args.find((a) => a.value === 'install');
      if (!verb) continue;
      const isExec = site.instruction.run?.form === 'exec';
      findings.push({
        ruleId: 'apt-no-install-recommends',
        message: 'apt-get installs recommended packages as well unless told not to; add `--no-install-recommends` and name the few recommended packages you really need.',
        range: { start: site.command.name.range.start, end: verb.range.end },
        fixes: [
          {
            title: 'Add --no-install-recommends',
            edits: [{ range: { start: verb.range.end, end: verb.range.end }, newText: isExec ? ', "--no-install-recommends"' : ' --no-install-recommends' }],
            // A recommended package can be one the application needs (ca-certificates for curl): review it.
            safety: 'suggestion',
          },
        ],
      });
    }
    return findings;
  },
};
