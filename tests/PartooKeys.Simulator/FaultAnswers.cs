namespace PartooKeys.Simulator;

/// <summary>The answers of the faults that answer (Reset and Hang are handled by the simulator).</summary>
internal static class FaultAnswers
{
    internal static SimAnswer For(FaultRule rule, RecordedRequest request)
    {
        var answer = rule.Kind switch
        {
            FaultKind.Html503 => Html(503, "Service Temporarily Unavailable"),
            FaultKind.Html502 => Html(502, "Bad Gateway"),
            FaultKind.Html504 => Html(504, "Gateway Time-out"),
            FaultKind.RateLimit429 => new SimAnswer(429, SimAnswer.Json, "{\"error\":{\"rate_limit\":\"Too many requests\"}}"),
            FaultKind.EmptyBody500 => new SimAnswer(500, null, ""),
            FaultKind.Redirect307 => PartooSimulator.Redirect(307, rule.Location ?? "http://127.0.0.2/v2/"),
            FaultKind.Redirect301 => PartooSimulator.Redirect(301, rule.Location ?? "http://127.0.0.2/v2/"),
            FaultKind.EchoKey401 => PartooSimulator.EchoKey401(request),
            FaultKind.HeaderDump502 => PartooSimulator.HeaderDump502(request),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "fault kind has no answer"),
        };
        if (rule.RetryAfterHeader is { } retryAfter)
        {
            answer.WithHeader("Retry-After", retryAfter);
        }

        return answer;
    }

    private static SimAnswer Html(int status, string reason) => new(
        status,
        "text/html; charset=utf-8",
        $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
}
