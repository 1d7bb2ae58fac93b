using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace PartooKeys.Benchmarks;

/// <summary>The machine and the code a report was measured on.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string DotNet, string Engine, string Commit, DateTimeOffset Date)
{
    public static MachineInfo Collect(string repo)
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        else cpu = RuntimeInformation.ProcessArchitecture.ToString();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0;
        var engine = (typeof(PSObject).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?").Split('+')[0];
        return new MachineInfo(cpu, Environment.ProcessorCount, memory.ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
            RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture, RuntimeInformation.FrameworkDescription,
            $"System.Management.Automation {engine} (hosted, InitialSessionState.CreateDefault2())", CommitOf(repo), DateTimeOffset.UtcNow);
    }

    private static string CommitOf(string repo)
    {
        var head = Git(repo, "rev-parse --short HEAD");
        if (head is null) return "unknown (git not available)";
        // Uncommitted changes other than this report itself.
        var dirty = Git(repo, "status --porcelain")?.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Any(l => !l.EndsWith("docs/benchmarks.md", StringComparison.Ordinal)) == true;
        return dirty ? head + " + uncommitted changes" : head;
    }

    private static string? Git(string repo, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", "-C \"" + repo + "\" " + arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
