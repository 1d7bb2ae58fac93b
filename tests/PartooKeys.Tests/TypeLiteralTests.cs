using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>The types users see resolve as type literals in scripts.</summary>
public sealed class TypeLiteralTests
{
    [Theory]
    [InlineData("[PartooKeys.ApiKey]")]
    [InlineData("[PartooKeys.ApiKeyStatus]::Expired")]
    [InlineData("[PartooKeys.ApiKeyStatusFilter]::Inactive")]
    [InlineData("[PartooKeys.PartooConnection]")]
    [InlineData("[PartooKeys.PartooApiException]")]
    public void PublicTypesResolveInScripts(string literal)
    {
        using var shell = new PowerShellSession();
        var result = shell.Run(literal);
        Assert.True(result.Terminating is null && result.Errors.Count == 0, $"{literal}: {result.Terminating?.Message ?? result.Errors.FirstOrDefault()?.ToString()}");
        Assert.Single(result.Output);
    }
}
