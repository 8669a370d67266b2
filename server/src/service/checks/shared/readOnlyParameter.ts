import { Code, diagnostic } from '../../diagnostics';
import { parameters } from '../../knowledge/parameters';
import { defineCheck } from '../check';
import { eachSetting, type ParameterContext } from './parameterScope';

/** Parameters Postfix sets itself for each process: a setting of them is dropped. */
const checkReadOnlyParameters = (context: ParameterContext) =>
  eachSetting(context, (s, scope) =>
    parameters.get(s.name)?.readOnly
      ? diagnostic(
          Code.ReadOnlyParameter,
          s.nameRange,
          `"${s.name}" is set by Postfix itself for each process; ${scope.reader} ignores this setting (postconf: ${scope.postconfFile}read-only parameter assignment).`,
          [scope.removeFix(s)],
        )
      : undefined,
  );

export const readOnlyParameter = defineCheck({ codes: [Code.ReadOnlyParameter], kind: 'parameter', run: checkReadOnlyParameters });
