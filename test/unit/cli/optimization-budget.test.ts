import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { raiseOptimizationBudget } from '../../../src/cli/optimization-budget.js';

afterEach(() => vi.restoreAllMocks());

describe('raiseOptimizationBudget', () => {
  it('sets V8 to check for optimisation after four times the bytecode Node 20 runs by default', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    raiseOptimizationBudget([]);
    raiseOptimizationBudget(['--enable-source-maps', '--max-old-space-size=4096', '--heap-growing-percent=50']);
    expect(set.mock.calls).toEqual([['--interrupt-budget=270336'], ['--interrupt-budget=270336']]);
  });

  it('leaves a budget given to Node alone, in either spelling', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    raiseOptimizationBudget(['--interrupt-budget=1000']);
    raiseOptimizationBudget(['--no-warnings', '--interrupt_budget', '1000']);
    expect(set).not.toHaveBeenCalled();
  });

  it('does not take a flag that only begins like it for the budget', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    raiseOptimizationBudget(['--interrupt-budget-for-feedback-allocation=940']);
    expect(set.mock.calls).toEqual([['--interrupt-budget=270336']]);
  });
});
