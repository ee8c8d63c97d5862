from graphprofile.cli import main

main()
