using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PartooKeys.Errors;
using PartooKeys.Http;

namespace PartooKeys.Commands;

/// <summary>The parts a command may own (by composition): attached when made, finished and released by the base's lifecycle.</summary>
public abstract partial class PartooCmdlet
{
    /// <summary>
    /// A piece of a command that lives as long as the command (the write queue of Set and Revoke). Making
    /// one attaches it to its command: the base finishes it at EndProcessing (after the cmdlet's End hook)
    /// and releases it when the command is disposed, so a cmdlet that owns one cannot forget either.
    /// It sees of its command only what is below: the client and cancellation, the pipeline's input mode,
    /// client calls with their message pump, reads, and the streams, every message escaped as the base's
    /// messages are (PartooCmdlet.Messages.cs). Everything is used on the pipeline thread.
    /// </summary>
    internal abstract class Part
    {
        protected Part(PartooCmdlet command)
        {
            Command = command;
            command._parts.Add(this);
        }

        private PartooCmdlet Command { get; }

        /// <summary>At EndProcessing, after the cmdlet's End hook, on the pipeline thread: hand back what is left.</summary>
        internal abstract void AtEnd();

        /// <summary>When the command is disposed (its pipeline ended, was stopped, or failed): report and let go of what is still held.</summary>
        internal abstract void Release();

        /// <summary>The client of the command's connection (starts the command's use of it; see ResolveConnection).</summary>
        protected PartooClient Client => Command.ResolveClient();

        protected CancellationToken Cancellation => Command.Cancellation;

        /// <summary>Whether the command takes pipeline input (MyInvocation.ExpectingInput).</summary>
        protected bool ExpectingInput => Command.MyInvocation.ExpectingInput;

        protected string CommandName => Command.MyInvocation.MyCommand.Name;

        /// <summary>Runs a client call as the command's own calls run (see Run), writing what the client reports meanwhile.</summary>
        protected void Run(Func<PartooClient, CancellationToken, Task> operation) => Command.Run(operation);

        /// <summary>Until disposed, the client reports the requests started on this thread (Verbose, 429 warnings, budget waits) into the command's message queue, written on the pipeline thread.</summary>
        protected IDisposable ObserveRequests() => RequestObserver.Use(Command._observer);

        protected void WriteQueuedMessages() => Command.WriteQueuedMessages();

        /// <summary>The exception that ends a stopped command (...ConnectionClosed when its connection was closed under it).</summary>
        protected Exception Stopped() => Command.Stopped();

        protected ApiKey ReadKey(int id, bool includeAllPermissions) => Command.ReadKey(id, includeAllPermissions);

        protected ApiKey RecordForCompletion(ApiKey key) => Command.RecordForCompletion(key);

        protected void WriteError(PartooCmdletException ex) => Command.WriteError(ex);

        protected void WriteError(PartooApiException ex, object? target, string? subject = null) => Command.WriteError(ex, target, subject);

        protected void WriteProgress(ProgressRecord progressRecord) => Command.WriteProgress(progressRecord);

        protected void WriteWarningWhileStopping(string text) => Command.WriteWarningWhileStopping(text);
    }
}
