using System.Diagnostics;
using System.Text.Json;

namespace PartooKeys.Benchmarks;

/// <summary>This benchmark executable re-invoked as a child ("--child ..."), talked to over stdin/stdout.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    public ChildProcess(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new BenchmarkException("cannot tell this executable's path");
        start.FileName = self;
        // Started as "dotnet PartooKeys.Benchmarks.dll": re-invoke the same way.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        start.ArgumentList.Add("--child");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new BenchmarkException("could not start a child process");
    }

    public void Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    public T Receive<T>()
    {
        for (var line = _process.StandardOutput.ReadLine(); line is not null; line = _process.StandardOutput.ReadLine())
        {
            if (!line.StartsWith(Protocol.Prefix, StringComparison.Ordinal))
            {
                Console.Error.WriteLine("child: " + line);
                continue;
            }
            return JsonSerializer.Deserialize<T>(line[Protocol.Prefix.Length..], Protocol.Json)
                ?? throw new BenchmarkException("empty message from the child process");
        }
        _process.WaitForExit();
        throw new BenchmarkException($"the child process ended (exit code {_process.ExitCode}) before answering; see its messages above");
    }

    public T Ask<T>(string command)
    {
        Send(command);
        return Receive<T>();
    }

    public void Finish()
    {
        try { Send("END"); } catch (IOException) { /* already gone */ }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
