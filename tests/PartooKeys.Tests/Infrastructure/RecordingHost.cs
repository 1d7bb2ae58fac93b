using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace PartooKeys.Tests.Infrastructure;

/// <summary>A PSHost that records everything written to it (WhatIf text, Out-Default tables) and answers prompts from a queue.</summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingHostUI _ui = new();
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "PartooKeysTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public string Text => _ui.Text;
    /// <summary>Answers for PromptForChoice (index of the choice); empty means the host cannot prompt.</summary>
    public Queue<int> ChoiceAnswers => _ui.ChoiceAnswers;
    public List<string> Prompts => _ui.Prompts;
    /// <summary>Answers PromptForChoice before <see cref="ChoiceAnswers"/> when set (it may block, to order a test's events).</summary>
    public Func<Collection<ChoiceDescription>, int>? ChoiceHook { get => _ui.ChoiceHook; set => _ui.ChoiceHook = value; }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class RecordingHostUI : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        public Queue<int> ChoiceAnswers { get; } = new();
        public List<string> Prompts { get; } = new();
        public Func<Collection<ChoiceDescription>, int>? ChoiceHook { get; set; }
        public string Text { get { lock (_text) return System.Text.RegularExpressions.Regex.Replace(_text.ToString(), "\u001b\\[[0-9;]*m", ""); } }
        public override PSHostRawUserInterface? RawUI => null;

        private void Append(string value) { lock (_text) _text.Append(value); }
        public override void Write(string value) => Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);
        public override void WriteLine(string value) => Append(value + "\n");
        public override void WriteErrorLine(string value) => Append("ERROR: " + value + "\n");
        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (Prompts) Prompts.Add(caption + "\n" + message);
            if (ChoiceHook is { } hook) return hook(choices);
            if (ChoiceAnswers.Count == 0) throw new HostException("The test host cannot prompt: " + message);
            return ChoiceAnswers.Dequeue();
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new HostException("The test host cannot prompt: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new HostException("The test host cannot prompt.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new HostException("The test host cannot prompt.");
        public override string ReadLine() => throw new HostException("The test host cannot read input.");
        public override SecureString ReadLineAsSecureString() => throw new HostException("The test host cannot read input.");
    }
}
