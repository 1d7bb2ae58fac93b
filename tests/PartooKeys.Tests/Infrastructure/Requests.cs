using System.Text.Json.Nodes;
using PartooKeys.Simulator;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>Reading the simulator's request log: what was written, and the JSON bodies sent.</summary>
public static class Requests
{
    /// <summary>
    /// The PUTs and POSTs, by path (several writes of the same path keep their arrival order): Set and Revoke keep
    /// several writes in flight, so writes for different keys may reach the simulator in any order.
    /// </summary>
    public static IReadOnlyList<RecordedRequest> Writes(this PartooSimulator simulator) =>
        simulator.Requests.Where(r => r.Method is "PUT" or "POST").OrderBy(r => r.Path, StringComparer.Ordinal).ToList();

    public static JsonNode Body(this RecordedRequest request) =>
        JsonNode.Parse(request.Body ?? throw new Xunit.Sdk.XunitException($"{request} has no body"))!;

    /// <summary>Asserts the body is exactly this JSON (same fields, same values, nothing more).</summary>
    public static void AssertBody(this RecordedRequest request, string expectedJson)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(JsonNode.DeepEquals(expected, request.Body()), $"{request}: expected {expected!.ToJsonString()}, got {request.Body}");
    }

    public static string Day(int daysFromToday) => DateTime.UtcNow.Date.AddDays(daysFromToday).ToString("yyyy-MM-dd");

    /// <summary>
    /// The text with each <c>{day+N}</c> / <c>{day-N}</c> replaced by that UTC date (yyyy-MM-dd), from one reading of
    /// the clock: theory data is built at discovery, so a script and its expectation take their dates here, in the test.
    /// </summary>
    public static string Dated(string text, DateTime todayUtc) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\{day([+-]\d+)\}", m => todayUtc.Date.AddDays(int.Parse(m.Groups[1].Value)).ToString("yyyy-MM-dd"));
}
