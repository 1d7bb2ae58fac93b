using PartooKeys.Tests.Infrastructure;

namespace PartooKeys.Tests;

/// <summary>What goes on the wire for writes: exactly application/json (Partoo answers 415 otherwise), the key header, the agent.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public async Task EveryWriteIsExactlyApplicationJson()
    {
        await using var session = await SimulatorSession.StartAsync();
        var result = session.Run("""
            New-PartooApiKey -Label 'Wire check' | Out-Null
            Set-PartooApiKey -Id 1002 -Label 'Renamed'
            Revoke-PartooApiKey -Id 1008 -Force
            """);
        Assert.Empty(result.Errors);
        var writes = session.Simulator.Requests.Where(r => r.Method is "POST" or "PUT").ToList();
        Assert.Equal(3, writes.Count);
        Assert.All(writes, r => Assert.Equal("application/json", r.ContentType));
        Assert.All(session.Simulator.Requests, r => Assert.Equal(session.Simulator.CallerKey, r.ApiKeyHeader));
        Assert.Equal("{}", writes.Single(r => r.Path == "/v2/api_keys/revoke/1008").Body);
    }

}
