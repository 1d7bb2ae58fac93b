# Test double of Microsoft.PowerShell.SecretManagement 1.1.2: Get-Secret and Set-Secret follow the
# real module's observed contract (see shared/powershell-here.md), over an in-memory store per runspace.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0e3ef1a2c0aa'
    Author            = 'PartooKeys tests'
    Description       = 'In-memory test double of SecretManagement for PartooKeys tests.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Get-SecretVault', 'Register-TestSecretVault', 'Clear-TestSecretVault', 'Use-TestSecretStore')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
