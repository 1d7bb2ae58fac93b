namespace PartooKeys;

/// <summary>Values written into a PowerShell command that a message tells the user to run.</summary>
public static class CommandText
{
    /// <summary>The value as a single-quoted PowerShell string (a ' inside is doubled), to paste as one argument.</summary>
    public static string SingleQuoted(string value) => "'" + value.Replace("'", "''") + "'";
}
