using System.Management.Automation;
using PartooKeys.Simulator;
using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>Partoo's error answers become ErrorRecords with the right category, a stable ErrorId and Partoo's message.</summary>
public sealed class HttpErrorTests
{
    [Fact]
    public async Task AKeyPartooRejectsIsAnAuthenticationError()
    {
        await using var sim = await PartooSimulator.StartAsync();
        using var shell = new PowerShellSession();
        shell.Connect(sim, key: "not-a-valid-key");
        var error = shell.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyUnauthorized", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("401", error.ToString());
        Assert.Contains("User not authenticated", error.ToString());
        Assert.Contains("Connect-Partoo", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task AForbiddenKeyIsPermissionDenied()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.ForbiddenIds.Add(1002);
        var result = session.Run("Get-PartooApiKey -Id 1002, 1003");
        var error = result.SingleError();
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyForbidden", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Operation not allowed", error.ToString());
        Assert.Contains("1002", error.ToString());
        Assert.Equal(1003, Assert.Single(result.Objects<ApiKey>()).Id);
    }

    [Fact]
    public async Task ABadRequestCarriesPartoosFieldMessages()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Override = r => r.Path == "/v2/api_keys"
            ? (400, "application/json", """{"error": {"json": {"status": ["Must be one of: active, inactive."], "per_page": ["Too big."]}}}""")
            : null;
        var error = session.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyInvalidArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("status: Must be one of: active, inactive.", error.ToString());
        Assert.Contains("per_page: Too big.", error.ToString());
    }

    [Fact]
    public async Task TheErrorsBodyShapeIsReadToo()
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Override = _ => (415, "application/json", """{"errors": {"json": "Unsupported media type. Please use application/json"}}""");
        var error = session.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.Contains("Unsupported media type", error.ToString());
        Assert.StartsWith("GetPartooApiKeyUnsupportedMediaType", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHtmlGatewayPageIsReportedAsNotJsonWithAnExcerpt()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRetryAttempts 0");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Html502 });
        var error = session.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyServerError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("502", error.ToString());
        Assert.Contains("not JSON (text/html)", error.ToString());
        Assert.Contains("Bad Gateway", error.ToString());
        Assert.DoesNotContain("<html", error.ToString());
        var exception = Assert.IsType<PartooApiException>(error.Exception);
        Assert.Equal(502, exception.StatusCode);
        Assert.Equal("GET", exception.Method);
        Assert.StartsWith("/v2/api_keys?page=1", exception.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyRequestsIsLimitsExceededWithTheWait()
    {
        await using var session = await SimulatorSession.StartAsync(connectParameters: "-MaxRetryAttempts 0");
        session.Simulator.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.RateLimit429, RetryAfterSeconds = 17 });
        var error = session.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyRateLimited", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("17 s", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task AnUnreachableServerIsAConnectionError()
    {
        var sim = await PartooSimulator.StartAsync();
        var uri = sim.BaseUri;
        await sim.DisposeAsync();
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", "k");
        shell.Run("Connect-Partoo -BaseUri $u -MaxRetryAttempts 0", new() { ["u"] = uri });
        var error = shell.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyConnectionFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowServerIsAnOperationTimeout()
    {
        await using var sim = await PartooSimulator.StartAsync();
        sim.Knobs.Faults.Add(new FaultRule { Kind = FaultKind.Hang });
        using var shell = new PowerShellSession();
        shell.StoreSecret("PartooApiKey", sim.CallerKey);
        shell.Run("Connect-Partoo -BaseUri $u -TimeoutSec 1 -MaxRetryAttempts 0", new() { ["u"] = sim.BaseUri });
        var error = shell.Run("Get-PartooApiKey -Id 1001").AnyError();
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("-TimeoutSec", error.ErrorDetails.RecommendedAction);
    }

    [Theory]
    [InlineData("""{"page": 1, "max_page": 1, "count": 1, "api_keys": [{"id": 5, "label": "trunc""", "PartooKeys cannot read")]
    [InlineData("""{"page": 1, "max_page": 1, "count": 1}""", "api_keys")]
    [InlineData("", "empty")]
    [InlineData("""{"page": 1, "max_page": 1, "count": 1, "api_keys": "none"}""", "api_keys")]
    [InlineData("""{"page": 1, "max_page": "one", "count": 1, "api_keys": []}""", "max_page")] // "page" is not read (PartooKeys numbers pages itself)
    [InlineData("""[1, 2, 3]""", "PartooKeys cannot read")]
    // A key that cannot be read is reported alone (HostileWireCmdletTests); these fail the whole answer.
    [InlineData("<html><body>Maintenance</body></html>", "not JSON")]
    public async Task AnAnswerThatCannotBeReadIsAClearError(string body, string expected)
    {
        await using var session = await SimulatorSession.StartAsync();
        session.Simulator.Knobs.Override = _ => (200, body.StartsWith('<') ? "text/html" : "application/json", body);
        var error = session.Run("Get-PartooApiKey").AnyError();
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.StartsWith("GetPartooApiKeyInvalidAnswer", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(expected, error.ToString());
        Assert.IsType<PartooApiException>(error.Exception);
        Assert.DoesNotContain("NullReferenceException", error.Exception.ToString());
    }
}
