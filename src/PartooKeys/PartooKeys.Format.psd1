# The table and list views of PartooKeys' objects. PartooKeys' first command imports this in its
# session (see TableViews.cs), instead of PartooKeys.psd1 listing the file in FormatsToProcess:
# loading any format file builds the session's whole format database (about 150 ms cold), which
# Import-Module PartooKeys (also run by tab completion, Get-Command and Get-Help) then does not pay.
@{
    ModuleVersion        = '0.1.0'
    GUID                 = 'c4f0e8a1-2b7d-4e3f-9a56-7d1e0b3c8f24'
    Author               = 'PartooKeys contributors'
    Description          = 'The table and list views of PartooKeys objects, loaded by the first PartooKeys command of a session.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PartooKeys.format.ps1xml')
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
