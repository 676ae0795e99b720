# What a deployed wirelab-server needs beyond the engine: systemd socket activation and
# readiness notification (without libsystemd) and the --trusted-proxy list for the PROXY
# protocol. Included from the root CMakeLists.txt for now; it belongs in this folder's
# CMakeLists.txt (include(deploy.cmake)) once the server links it.
qt_add_library(wirelab-server-deploy STATIC
    ${CMAKE_CURRENT_LIST_DIR}/systemdactivation.cpp ${CMAKE_CURRENT_LIST_DIR}/systemdactivation.h
    ${CMAKE_CURRENT_LIST_DIR}/trustedproxies.cpp ${CMAKE_CURRENT_LIST_DIR}/trustedproxies.h
)
target_include_directories(wirelab-server-deploy PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(wirelab-server-deploy PUBLIC wirelab-proxy Qt6::Core Qt6::Network)
