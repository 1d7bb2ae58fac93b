using System.Runtime.InteropServices;
using System.Security;

namespace PartooKeys.Connection;

/// <summary>Key text as a SecureString, and whether one is blank, without keeping the text around.</summary>
internal static class KeyText
{
    public static SecureString FromString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    public static bool IsBlank(SecureString secret)
    {
        if (secret.Length == 0) return true;
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            for (var i = 0; i < secret.Length; i++)
                if (!char.IsWhiteSpace((char)Marshal.ReadInt16(pointer, i * 2))) return false;
            return true;
        }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }
}
