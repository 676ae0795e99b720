# What only a deployed wirelab-server needs beyond the engine: systemd socket activation and
# readiness notification, without libsystemd (POSIX, behind Q_OS_UNIX; elsewhere it says
# "not supported on this system"). wirelab-server's main() uses it; the engine and the GUI
# never do. The --trusted-proxy list is the engine's (trustedproxies.{h,cpp}): its sessions
# check every peer against it.
qt_add_library(wirelab-server-deploy STATIC
    ${CMAKE_CURRENT_LIST_DIR}/systemdactivation.cpp ${CMAKE_CURRENT_LIST_DIR}/systemdactivation.h
)
target_include_directories(wirelab-server-deploy PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(wirelab-server-deploy PUBLIC Qt6::Core)
