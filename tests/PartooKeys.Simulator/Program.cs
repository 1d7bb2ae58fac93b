using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartooKeys.Simulator;

/// <summary>
/// The simulator as its own process. Prints ONE first line of JSON
/// (<c>{"baseUri":"http://127.0.0.1:PORT/v2/","apiKey":"...","controlUri":"...","keys":N,"pid":N}</c>),
/// then serves until stdin closes, SIGTERM or Ctrl+C, and exits 0. See <see cref="Usage"/>.
/// </summary>
public static class Program
{
    private const string Usage = """
        PartooKeys.Simulator: a local Partoo API-key server on 127.0.0.1 (random port), for tests and demos.

          dotnet run --project tests/PartooKeys.Simulator -- [options]

          --keys N                       N generated plain keys (default: the 16-key standard seed)
          --first-id I                   the first id of the --keys keys (default 1000)
          --demo [N]                     N demo keys with hygiene problems (default 300)
          --latency-ms L                 delay every answer by L ms
          --max-requests-per-minute R    rate limit (default 300; 0 = off)
          --knob Name=Value              any SimulatorKnobs property (Value is JSON, or a plain string)
          --ignore-stdin                 keep serving when stdin closes (then stop with Ctrl+C or SIGTERM)

        First line on stdout: {"baseUri":...,"apiKey":...,"controlUri":...,"keys":N,"pid":N}.
        Stops, exit code 0, when stdin closes, on SIGTERM or on Ctrl+C. Control API: /_simulator/ (see PartooSimulator.Control.cs).
        """;

    public static async Task<int> Main(string[] args)
    {
        Func<IEnumerable<SimKey>> seed = SeedData.Standard;
        var knobs = new List<Action<SimulatorKnobs>>();
        var watchStdin = true;
        var firstId = 1000;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--keys":
                        var count = PositiveInt(Next(), "--keys");
                        seed = () => SeedData.Generated(count, firstId);
                        break;
                    case "--first-id":
                        firstId = PositiveInt(Next(), "--first-id");
                        break;
                    case "--demo":
                        var demo = i + 1 < args.Length && int.TryParse(args[i + 1], out var n) ? PositiveInt(args[++i], "--demo") : 300;
                        seed = () => DemoData.Create(demo);
                        break;
                    case "--latency-ms":
                        var latency = TimeSpan.FromMilliseconds(NonNegativeInt(Next(), "--latency-ms"));
                        knobs.Add(k => k.Latency = latency);
                        break;
                    case "--max-requests-per-minute":
                        var rate = NonNegativeInt(Next(), "--max-requests-per-minute");
                        knobs.Add(k => k.RateLimitPerMinute = rate);
                        break;
                    case "--knob":
                        var knob = Knob(Next());
                        PartooSimulator.SetByName(new SimulatorKnobs(), knob); // fail now, not at start
                        knobs.Add(k => PartooSimulator.SetByName(k, knob));
                        break;
                    case "--ignore-stdin":
                        watchStdin = false;
                        break;
                    case "-h" or "--help" or "-?":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}\n\n{Usage}");
            return 2;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var simulator = await PartooSimulator.StartAsync(seed());
        simulator.EnableControl(seed, k => knobs.ForEach(apply => apply(k)));

        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; stop.TrySetResult(); });
        if (watchStdin)
        {
            _ = Task.Run(() =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                try { while (stdin.Read(buffer, 0, buffer.Length) > 0) { } }
                catch (IOException) { }
                stop.TrySetResult();
            });
        }

        var ready = new JsonObject
        {
            ["baseUri"] = simulator.BaseUri.ToString(),
            ["apiKey"] = simulator.CallerKey,
            ["controlUri"] = new Uri(simulator.BaseUri, PartooSimulator.ControlPrefix).ToString(),
            ["keys"] = simulator.Keys.Count,
            ["pid"] = Environment.ProcessId,
        };
        Console.Out.WriteLine(ready.ToJsonString());
        Console.Out.Flush();

        await stop.Task;
        return 0;
    }

    private static JsonElement Knob(string text)
    {
        var equals = text.IndexOf('=');
        if (equals < 1) { throw new ArgumentException($"--knob wants Name=Value, not '{text}'."); }
        var name = text[..equals];
        var value = text[(equals + 1)..];
        JsonNode? node;
        try { node = JsonNode.Parse(value); }
        catch (JsonException) { node = JsonValue.Create(value); }
        return new JsonObject { [name] = node }.Deserialize<JsonElement>();
    }

    private static int PositiveInt(string text, string option) =>
        int.TryParse(text, out var value) && value >= 1 ? value : throw new ArgumentException($"{option} wants a whole number of at least 1, not '{text}'.");

    private static int NonNegativeInt(string text, string option) =>
        int.TryParse(text, out var value) && value >= 0 ? value : throw new ArgumentException($"{option} wants a whole number of at least 0, not '{text}'.");
}
