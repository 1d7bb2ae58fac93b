using System.Collections;
using System.Management.Automation;
using System.Text;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>Everything one pipeline produced, on every stream.</summary>
public sealed class EngineResult
{
    public required List<PSObject> Output { get; init; }
    public required List<ErrorRecord> Errors { get; init; }
    public required List<WarningRecord> Warnings { get; init; }
    public required List<VerboseRecord> Verbose { get; init; }
    public required List<DebugRecord> Debug { get; init; }
    public required List<InformationRecord> Information { get; init; }
    public required List<ProgressRecord> Progress { get; init; }
    public Exception? Terminating { get; init; }
    public required string HostText { get; init; }

    public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    public ErrorRecord SingleError()
    {
        if (Terminating is not null) throw new Xunit.Sdk.XunitException("Expected a non-terminating error; got terminating: " + Terminating.Message);
        return Assert.Single(Errors);
    }

    /// <summary>The error, terminating or not.</summary>
    public ErrorRecord AnyError()
    {
        if (Terminating is IContainsErrorRecord container) return container.ErrorRecord;
        if (Terminating is not null) throw new Xunit.Sdk.XunitException("Terminating exception without ErrorRecord: " + Terminating);
        return Assert.Single(Errors);
    }

    /// <summary>All text the run produced anywhere: streams, objects and their properties, errors and exception chains.</summary>
    public string AllText()
    {
        var text = new StringBuilder(HostText);
        foreach (var o in Output) AppendObject(text, o);
        foreach (var e in Errors) AppendError(text, e);
        if (Terminating is not null)
        {
            AppendException(text, Terminating);
            if (Terminating is IContainsErrorRecord c) AppendError(text, c.ErrorRecord);
        }
        foreach (var w in Warnings) text.AppendLine(w.Message);
        foreach (var v in Verbose) text.AppendLine(v.Message);
        foreach (var d in Debug) text.AppendLine(d.Message);
        foreach (var i in Information) text.AppendLine(i.MessageData?.ToString());
        foreach (var p in Progress) text.AppendLine(p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation);
        return text.ToString();
    }

    internal static void AppendError(StringBuilder text, ErrorRecord e)
    {
        text.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.CategoryInfo.ToString())
            .AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction).AppendLine(e.TargetObject?.ToString());
        AppendException(text, e.Exception);
    }

    internal static void AppendException(StringBuilder text, Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            text.AppendLine(ex.GetType().FullName).AppendLine(ex.Message).AppendLine(ex.ToString());
            foreach (DictionaryEntry entry in ex.Data) text.AppendLine($"{entry.Key}={entry.Value}");
        }
    }

    internal static void AppendObject(StringBuilder text, PSObject o)
    {
        string shown;
        try { shown = o.ToString(); }
        catch (Exception) { shown = o.BaseObject?.ToString() ?? string.Empty; } // a script ToString needs a runspace
        text.AppendLine(shown);
        foreach (var property in o.Properties)
        {
            object? value;
            try { value = property.Value; } catch (Exception ex) { value = ex.Message; }
            text.Append(property.Name).Append('=');
            if (value is IEnumerable enumerable and not string) foreach (var item in enumerable) text.Append(item).Append(',');
            else text.Append(value);
            text.AppendLine();
        }
    }
}
