using System.Runtime.InteropServices;
using System.Security;

namespace PartooKeys.Http;

/// <summary>The one place the client turns a SecureString into text: only while a request is built.</summary>
internal static class SecureText
{
    public static string Reveal(SecureString secret)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try { return Marshal.PtrToStringUni(pointer) ?? string.Empty; }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }
}
