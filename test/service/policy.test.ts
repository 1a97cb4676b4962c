import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_POLICY, policyFromConfig } from '../../src/service/policy.js';

describe('policyFromConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(policyFromConfig(loadConfig({}))).toEqual(DEFAULT_POLICY);
  });

  it('takes the limits the configuration has variables for', () => {
    const policy = policyFromConfig(
      loadConfig({ MAX_QUESTION_LENGTH: '300', SUBSCRIPTIONS_PER_CHAT_MAX: '5', FEEDBACK_RETENTION_DAYS: '7', ADMIN_USER_IDS: '111,222' }),
    );
    expect(policy).toEqual({ ...DEFAULT_POLICY, maxQuestionLength: 300, subscriptionsPerChatMax: 5, feedbackRetentionDays: 7, adminUserIds: ['111', '222'] });
  });

  it('keeps the limits without a variable at their defaults', () => {
    const policy = policyFromConfig(loadConfig({ MAX_QUESTION_LENGTH: '300' }));
    expect(policy.subscriptionQueryMaxLength).toBe(DEFAULT_POLICY.subscriptionQueryMaxLength);
    expect(policy.slowDownNoticeMinMs).toBe(DEFAULT_POLICY.slowDownNoticeMinMs);
  });

  it('does not share its admin list with the default policy', () => {
    const policy = policyFromConfig(loadConfig({ ADMIN_USER_IDS: '111' }));
    expect(DEFAULT_POLICY.adminUserIds).toEqual([]);
    expect(policy.adminUserIds).not.toBe(DEFAULT_POLICY.adminUserIds);
  });
});
