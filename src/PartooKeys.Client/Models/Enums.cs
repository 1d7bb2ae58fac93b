namespace PartooKeys;

/// <summary>The state of a key as PartooKeys reports it.</summary>
public enum ApiKeyStatus { Active, Disabled, Expired }

/// <summary>The status filter of GET /api_keys. Inactive means expired or disabled.</summary>
public enum ApiKeyStatusFilter { Active, Inactive, Disabled, Expired }

/// <summary>The kind of user a key belongs to.</summary>
public enum ApiKeyUserType { Bot, User }

/// <summary>Partoo's public environments.</summary>
public enum PartooEnvironment { Production, Sandbox, Custom }

/// <summary>How a revoke ended well.</summary>
public enum RevokeOutcome
{
    /// <summary>Partoo answered success.</summary>
    Revoked,
    /// <summary>An attempt's answer was lost, and the retry was told "already revoked": that lost attempt revoked it.</summary>
    RevokedBeforeAnswerLost,
}
